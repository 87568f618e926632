PREFIX sosei: <https://w3id.org/sosei/ns#>
# the evaluation printed as text instead of a concept of the grant-effect scheme
DELETE { ?p sosei:grantEffect ?e } INSERT { ?p sosei:grantEffect <https://w3id.org/sosei/vocab/grant-effect/とても良かった> }
WHERE { ?p a sosei:GrantProject ; sosei:grantEffect ?e }
