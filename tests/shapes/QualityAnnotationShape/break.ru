PREFIX oa: <http://www.w3.org/ns/oa#>
DELETE WHERE { ?a oa:motivatedBy ?m } ;
INSERT { ?a oa:motivatedBy oa:commenting } WHERE { ?a a <http://www.w3.org/ns/dqv#QualityAnnotation> }
