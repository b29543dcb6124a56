// Module descriptor given to an automatic-module jar at build time (moditect), so jlink accepts it.
// Drafted with jdeps --generate-module-info; the module is open because the library reflects on itself.
open module com.google.protobuf {
    requires java.logging;
    requires jdk.unsupported;

    exports com.google.protobuf;
    exports com.google.protobuf.compiler;

}
