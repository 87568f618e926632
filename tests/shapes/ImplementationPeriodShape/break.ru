PREFIX sosei: <https://w3id.org/sosei/ns#>
# "地域再生計画認定の日から" dropped: the period no longer says when it starts
DELETE { ?p sosei:startCondition ?c } WHERE { ?p a sosei:ImplementationPeriod ; sosei:startCondition ?c }
