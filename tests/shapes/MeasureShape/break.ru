PREFIX sosei: <https://w3id.org/sosei/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
# an English label only: a measure needs its Japanese name
DELETE { ?m rdfs:label ?l } INSERT { ?m rdfs:label "a measure"@en } WHERE { ?m a sosei:Measure ; rdfs:label ?l }
