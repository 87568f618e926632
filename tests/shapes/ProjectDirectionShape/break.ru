PREFIX sosei: <https://w3id.org/sosei/ns#>
# a direction for the very year of the plan that states it
DELETE { ?d sosei:fiscalYear ?y } INSERT { ?d sosei:fiscalYear ?in }
WHERE { ?d a sosei:ProjectDirection ; sosei:fiscalYear ?y ; sosei:statedInFiscalYear ?in }
