PREFIX sosei: <https://w3id.org/sosei/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
DELETE { ?p dct:publisher ?m } WHERE { ?p a sosei:Plan ; dct:publisher ?m }
