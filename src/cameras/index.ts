// The cameras module's public entry: what other modules may use.
export { NewCamera } from './camera.js';
export { NewHotlist } from './hotlist.js';
export { bearingDeg } from './camera-geometry.js';
export { createCamera, getCamera, getCameraIndex, listCameras } from './camera.service.js';
export { createHotlist, listHotlists } from './hotlist.service.js';
export { resealCameraCredentials } from './camera-credentials.js';
