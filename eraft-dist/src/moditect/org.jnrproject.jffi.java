// Module descriptor given to an automatic-module jar at build time (moditect), so jlink accepts it.
// Drafted with jdeps --generate-module-info; the module is open because the library reflects on itself.
open module org.jnrproject.jffi {
    requires org.jnrproject.jffi.nativelibs;
    requires java.logging;

    requires transitive jdk.unsupported;

    exports com.kenai.jffi;
    exports com.kenai.jffi.internal;

}
