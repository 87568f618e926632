# A year-scoped value (the department of one year's listing) put directly on the timeless project.
PREFIX sosei: <https://w3id.org/sosei/ns#>
INSERT { ?p sosei:department ?d } WHERE { ?l sosei:listedProject ?p ; sosei:department ?d }
