# A changeset that no longer says where it comes from: derived from one edition only.
PREFIX sosei: <https://w3id.org/sosei/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
DELETE { ?c prov:wasDerivedFrom ?d } WHERE { ?c a sosei:Changeset ; prov:wasDerivedFrom ?d ; sosei:oldEdition ?d }
;
DELETE { ?c prov:wasDerivedFrom ?s } WHERE { ?c a sosei:Changeset ; prov:wasDerivedFrom ?s FILTER CONTAINS(STR(?s), "/source/") }
