PREFIX sosei: <https://w3id.org/sosei/ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?l sosei:line ?n } INSERT { ?l sosei:line 0 } WHERE { ?l a sosei:SourceLocation ; sosei:line ?n }
