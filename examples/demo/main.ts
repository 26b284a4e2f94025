// The README's main job, end to end: a client generated from fixtures/petstore.yaml calling a
// local server. `npm run demo` generates, compiles and runs this.
import { HTTPError } from 'sessiongen/runtime';
import { PetStore } from './generated/petstore.js';
import { startPetServer } from './server.js';

const { server, url } = await startPetServer();
try {
  // The spec says https://petstore.example.com; constructor options override it.
  await using api = new PetStore({ baseLocation: url });

  const created = await api.createPet({ body: { name: 'Fido', tag: 'puppy' } });
  console.log(`createPet  POST /v1/pets          -> ${JSON.stringify(created)}`);

  const pets = await api.listPets({ query: { limit: 10 } });
  console.log(`listPets   GET  /v1/pets?limit=10 -> ${pets.map((pet) => pet.name).join(', ')}`);

  const { data, response } = await api.getPet({ petId: 1 }).withResponse();
  console.log(`getPet     GET  /v1/pets/1        -> ${data.name} (HTTP ${response.status})`);

  try {
    await api.getPet({ petId: 99 });
  } catch (error) {
    if (!(error instanceof HTTPError)) throw error;
    console.log(`getPet     GET  /v1/pets/99       -> HTTPError ${error.status} ${JSON.stringify(error.body)}`);
  }
} finally {
  server.close();
}
