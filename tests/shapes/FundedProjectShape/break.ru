PREFIX sosei: <https://w3id.org/sosei/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
# a funded project cut off from its plan
DELETE { ?p dct:isPartOf ?plan } WHERE { ?p a sosei:FundedProject ; dct:isPartOf ?plan }
