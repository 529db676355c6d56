def classes = new File(basedir, 'target/classes/com/example/features')
['UserItemFeatures', 'UserItemFeaturesKey', 'UserItemFeaturesRepository', 'UserItemFeaturesAccess'].each {
  assert new File(classes, it + '.class').isFile() : "$it did not compile"
}
def log = new File(basedir, 'build.log').text
assert log.contains('Generated 9 sources from 1 feature schemas') : 'first build did not generate'
assert log.contains('generated sources are up to date') : 'second build regenerated unchanged schemas'
return true
