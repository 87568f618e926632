PREFIX sosei: <https://w3id.org/sosei/ns#>
# an evaluation that lost its grade
DELETE { ?e sosei:grade ?g } WHERE { ?e a sosei:MeasureEvaluation ; sosei:grade ?g }
