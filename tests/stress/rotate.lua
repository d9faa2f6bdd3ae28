-- Each request asks for the next of the paths in WRK_PATHS (comma-separated), round robin.
local paths = {}
for path in string.gmatch(os.getenv("WRK_PATHS"), "[^,]+") do
  table.insert(paths, path)
end
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["X-Forwarded-Proto"] = "https"})
end
