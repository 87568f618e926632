PREFIX sosei: <https://w3id.org/sosei/ns#>
# an amount in 千円 as a decimal string instead of exact yen
DELETE { ?a sosei:amount ?y } INSERT { ?a sosei:amount "25.714" } WHERE { ?a a sosei:BudgetAmount ; sosei:amount ?y }
