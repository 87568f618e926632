PREFIX dqv: <http://www.w3.org/ns/dqv#>
# a mismatching total whose annotation went missing
DELETE WHERE { ?t dqv:hasQualityAnnotation ?a . ?a a dqv:QualityAnnotation . }
