# lint.banned: unsafe C library calls, as curl's checksrc bans them.
# usage: cmake -DROOT=<source dir> -P banned.cmake
file(GLOB_RECURSE sources ${ROOT}/bot/*.c ${ROOT}/bot/*.h ${ROOT}/include/*.h
     ${ROOT}/tests/*.c ${ROOT}/tests/*.h)
set(bad 0)
foreach(f ${sources})
  file(STRINGS ${f} lines)
  set(n 0)
  foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    if(line MATCHES "(^|[^a-z_])(sprintf|vsprintf|strcpy|strcat|atoi|atol|gets)[ ]*\\(")
      message("${f}:${n}: banned call: ${line}")
      set(bad 1)
    endif()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "banned calls found")
endif()
