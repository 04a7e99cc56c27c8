// The reference Yjs WebSocket server (@y/websocket-server, in-memory, no
// persistence), for bench/live.py to compare Refound against. PORT, HOST env.
import http from 'node:http'
import { WebSocketServer } from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'

const port = Number(process.env.PORT || 1234)
const host = process.env.HOST || '127.0.0.1'
const wss = new WebSocketServer({ noServer: true })
wss.on('connection', setupWSConnection)
const server = http.createServer((_req, res) => { res.writeHead(200); res.end('okay') })
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
})
server.listen(port, host, () => console.log(`y-websocket on ${host}:${port}`))
