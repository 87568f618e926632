PREFIX qb: <http://purl.org/linked-data/cube#>
DELETE WHERE { ?d qb:structure ?s }
