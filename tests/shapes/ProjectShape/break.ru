PREFIX sosei: <https://w3id.org/sosei/ns#>
DELETE { ?p sosei:measure ?m } WHERE { ?p a sosei:Project ; sosei:measure ?m }
