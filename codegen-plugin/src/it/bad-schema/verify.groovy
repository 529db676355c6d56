def log = new File(basedir, 'build.log').text
assert log.contains('src/main/features/item.yaml:9:11: unknown type \'strng\'; valid types: bool, int,') : 'missing type problem'
assert log.contains('src/main/features/shop.yaml:3:8: table name \'order\' is a reserved SQL/Java word') : 'missing reserved-word problem'
assert !new File(basedir, 'target/generated-sources/features/com').exists() : 'invalid schemas must generate nothing'
return true
