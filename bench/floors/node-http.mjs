// Floor for the throughput benchmark: the fastest Node can answer a constant JSON body.
import http from 'node:http';

const body = JSON.stringify({ id: 'constant', address: '123 Demo St' });
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
