// Module descriptor for org.lmdbjava:native, which holds only the liblmdb shared libraries as resources. Its file
// name ("native") is a Java keyword, so it cannot even be an automatic module; lmdbjava requires it by this name.
open module org.lmdbjava.natives {
}
