PREFIX sosei: <https://w3id.org/sosei/ns#>
# a KPI row without its unit (単位)
DELETE { ?k sosei:printedUnit ?u } WHERE { ?k a sosei:GrantKpi ; sosei:printedUnit ?u }
