PREFIX sosei: <https://w3id.org/sosei/ns#>
# a target kept as the printed text instead of a number
DELETE { ?t sosei:targetValue ?v } INSERT { ?t sosei:targetValue "9,930 人" } WHERE { ?t a sosei:KpiTarget ; sosei:targetValue ?v }
