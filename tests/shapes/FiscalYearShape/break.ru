PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX sosei: <https://w3id.org/sosei/ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?y dcat:startDate ?d } INSERT { ?y dcat:startDate "2024-01-01"^^xsd:date } WHERE { ?y a sosei:FiscalYear ; dcat:startDate ?d }
