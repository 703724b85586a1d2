/* Lanbai Atlas: fill a map layer from its served file (views/map_parts.py).
 * A filter change sends only placeholder groups and the names of the layers' files; a file,
 * named by its content, is downloaded once and kept by the browser, and its builder once run
 * stays known, so going back to a filter seen before fills the layer at once. Layers are filled
 * in the order they were asked for, after every placeholder exists, whether their files were
 * known or had to be loaded: the map ends up the same either way. */
(function () {
  var builders = (window.lanbaiLayers = window.lanbaiLayers || {});
  var loading = {};
  var queue = [];
  function pump() {
    while (queue.length && builders[queue[0].hash]) {
      var job = queue.shift();
      var layer = builders[job.hash](job.holder);
      if (layer && !job.holder.hasLayer(layer)) job.holder.addLayer(layer);
    }
  }
  function load(url, hash) {
    if (builders[hash] || loading[hash]) return;
    loading[hash] = true;
    var script = document.createElement("script");
    script.src = url;
    script.onload = function () {
      delete loading[hash];
      pump();
    };
    script.onerror = function () {
      delete loading[hash];
      console.error("map layer not loaded: " + url);
      queue = queue.filter(function (job) { return job.hash !== hash; });
      pump();
    };
    document.body.appendChild(script);
  }
  window.lanbaiLayersPending = function () {  // layers asked for and not drawn yet (tests poll it)
    return queue.length;
  };
  window.lanbaiLayer = function (holder, url, hash) {
    queue.push({ holder: holder, hash: hash });
    load(url, hash);
    Promise.resolve().then(pump);
  };
})();
