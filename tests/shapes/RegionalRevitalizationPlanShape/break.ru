PREFIX sosei: <https://w3id.org/sosei/ns#>
# the 認定回 as printed text instead of an integer
DELETE { ?p sosei:certificationRound ?r } INSERT { ?p sosei:certificationRound "第59回" }
WHERE { ?p a sosei:RegionalRevitalizationPlan ; sosei:certificationRound ?r }
