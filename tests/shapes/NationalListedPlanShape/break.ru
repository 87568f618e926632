PREFIX sosei: <https://w3id.org/sosei/ns#>
# a plan of the national list without its 当初認定回
DELETE { ?p sosei:certificationRound ?r } WHERE { ?p sosei:listedSupportMeasure ?m ; sosei:certificationRound ?r }
