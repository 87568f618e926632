# A change of a kind sosei does not know.
PREFIX sosei: <https://w3id.org/sosei/ns#>
DELETE { ?c sosei:changeKind ?k } INSERT { ?c sosei:changeKind "merged" } WHERE { ?c sosei:changeKind "moved" }
