# binding.gyp — the addon built against the tflc found by pkg-config (an installed tree:
# PKG_CONFIG_PATH=PREFIX/lib/pkgconfig), linked with -ltensorflowlite_c as for TensorFlow Lite.
{
  "targets": [
    {
      "target_name": "tflite_addon",
      "sources": ["addon.c"],
      "cflags": ["-std=c11", "-Wall", "-Wextra", "<!@(pkg-config --cflags tensorflowlite_c)"],
      "libraries": [
        "<!@(pkg-config --libs tensorflowlite_c)",
        "-Wl,-rpath,<!(pkg-config --variable=libdir tensorflowlite_c)"
      ]
    }
  ]
}
