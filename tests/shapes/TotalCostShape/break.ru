PREFIX sosei: <https://w3id.org/sosei/ns#>
# 総事業費 left in 千円 as a decimal instead of exact yen
DELETE { ?c sosei:amount ?y } INSERT { ?c sosei:amount 97990.0 } WHERE { ?c a sosei:TotalCost ; sosei:amount ?y }
