# tflc_install.cmake — `cmake --install` for tflc: the libraries (libtensorflowlite_c.so, libtflc.so,
# libtflc.a), the public headers (include/tensorflow/lite/..., include/tflc/), pkg-config files
# (tensorflowlite_c.pc, tflc.pc) and a CMake package (find_package(tflc) -> tflc::tensorflowlite_c,
# tflc::tflc, tflc::tflc_static). Included from the top-level CMakeLists.txt.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS tflc tensorflowlite_c tflc_static
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/tensorflow ${CMAKE_SOURCE_DIR}/include/tflc
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")

# What a program linking the static library needs besides it (pkg-config Libs.private, CMake).
set(TFLC_STATIC_DEPS "-ljpeg -lpng -lz -lcurl -lpthread -lm")
# pkg-config files find the prefix from their own place (${pcfiledir}), so the tree can be moved
# and `cmake --install --prefix` works whatever prefix was configured.
file(RELATIVE_PATH TFLC_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" TFLC_PC_TO_PREFIX "${TFLC_PC_TO_PREFIX}")
foreach(pc tensorflowlite_c tflc)
  set(TFLC_PC_NAME ${pc})
  configure_file(${CMAKE_SOURCE_DIR}/cmake/tflc.pc.in ${CMAKE_BINARY_DIR}/pkgconfig/${pc}.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/pkgconfig/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/tflcConfig.cmake.in
  ${CMAKE_BINARY_DIR}/cmake/tflcConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tflc
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/tflcConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/tflcConfig.cmake ${CMAKE_BINARY_DIR}/cmake/tflcConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tflc)
