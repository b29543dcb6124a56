// Module descriptor for jffi's native classifier jar, which holds only the libjffi shared libraries as resources.
open module org.jnrproject.jffi.nativelibs {
}
