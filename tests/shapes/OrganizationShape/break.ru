PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
# a local government without a code and without its Japanese name
DELETE { ?o rdfs:label ?l } WHERE { ?o a org:Organization ; rdfs:label ?l }
