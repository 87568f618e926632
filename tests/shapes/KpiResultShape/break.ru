PREFIX sosei: <https://w3id.org/sosei/ns#>
# a result without its fiscal year
DELETE { ?o sosei:fiscalYear ?y } WHERE { ?o a sosei:KpiResult ; sosei:fiscalYear ?y }
