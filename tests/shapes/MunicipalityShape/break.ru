PREFIX sosei: <https://w3id.org/sosei/ns#>
# a code without its check digit
DELETE { ?m sosei:localGovernmentCode ?c } INSERT { ?m sosei:localGovernmentCode "01204" } WHERE { ?m sosei:localGovernmentCode ?c }
