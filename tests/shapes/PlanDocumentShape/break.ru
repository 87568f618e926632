PREFIX sosei: <https://w3id.org/sosei/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
# a linked document without its format
DELETE { ?d dct:format ?f } WHERE { ?d a sosei:PlanDocument ; dct:format ?f }
