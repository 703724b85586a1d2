/* Lanbai Atlas: point Leaflet's default marker icons at the served images.
 * Leaflet guesses the folder from leaflet.css, but streamlit-folium adds the CSS after the
 * map script has run, so the guess is empty and marker-icon.png 404s. Loaded right after
 * leaflet.js (views/offline.py). The path is resolved against this script's own URL, so it
 * also works under a server.baseUrlPath. */
(function () {
  var here = document.currentScript && document.currentScript.src;
  var images = "../vendor/leaflet-1.9.3/dist/images/";
  L.Icon.Default.imagePath = here ? new URL(images, here).href : "/app/static/vendor/leaflet-1.9.3/dist/images/";
})();
