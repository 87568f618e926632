PREFIX dqv: <http://www.w3.org/ns/dqv#>
DELETE WHERE { ?m dqv:value ?v }
