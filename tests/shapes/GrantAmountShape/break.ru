PREFIX sosei: <https://w3id.org/sosei/ns#>
# an amount of a kind the report does not print
DELETE { ?o sosei:amountKind ?k } INSERT { ?o sosei:amountKind "subsidy" } WHERE { ?o a sosei:GrantAmount ; sosei:amountKind ?k }
