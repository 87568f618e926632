PREFIX sosei: <https://w3id.org/sosei/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
# a 変更認定 whose date went missing
DELETE { ?a dct:date ?d } WHERE { ?a a sosei:AmendedCertification ; dct:date ?d }
