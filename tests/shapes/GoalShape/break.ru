PREFIX sosei: <https://w3id.org/sosei/ns#>
DELETE WHERE { ?g sosei:plan ?p }
