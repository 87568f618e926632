PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
DELETE WHERE { ?b a <http://www.w3.org/ns/oa#TextualBody> ; rdf:value ?v }
;
INSERT { ?b a <http://www.w3.org/ns/oa#TextualBody> } WHERE { ?a <http://www.w3.org/ns/oa#hasBody> ?b }
