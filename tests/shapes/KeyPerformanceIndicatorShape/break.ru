PREFIX sosei: <https://w3id.org/sosei/ns#>
# a KPI that says of no plan whose target it is
DELETE { ?k sosei:indicatorOf ?p } WHERE { ?k a sosei:KeyPerformanceIndicator ; sosei:indicatorOf ?p }
