PREFIX org: <http://www.w3.org/ns/org#>
DELETE WHERE { ?d org:unitOf ?m }
