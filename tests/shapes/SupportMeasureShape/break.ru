PREFIX sosei: <https://w3id.org/sosei/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
# the support-measure code with its brackets left on
DELETE { ?m skos:notation ?c } INSERT { ?m skos:notation "【A3007】" } WHERE { ?m a sosei:SupportMeasure ; skos:notation ?c }
