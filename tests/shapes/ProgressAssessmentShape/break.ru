PREFIX sosei: <https://w3id.org/sosei/ns#>
DELETE { ?a sosei:progressStatus ?s }
INSERT { ?a sosei:progressStatus <https://w3id.org/sosei/vocab/progress-status/postponed> }
WHERE { ?a sosei:progressStatus ?s }
