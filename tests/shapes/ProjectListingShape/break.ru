PREFIX sosei: <https://w3id.org/sosei/ns#>
DELETE { ?l sosei:relisted ?r } INSERT { ?l sosei:relisted "再掲" } WHERE { ?l sosei:relisted ?r }
