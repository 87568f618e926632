PREFIX dct: <http://purl.org/dc/terms/>
PREFIX sosei: <https://w3id.org/sosei/ns#>
DELETE { ?d dct:license ?l } WHERE { ?d a sosei:SourceDocument ; dct:license ?l }
