{
  "targets": [
    {
      "target_name": "gslb_udp",
      "sources": ["gslb_udp.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [["OS!='linux'", {"type": "none"}]]
    }
  ]
}
