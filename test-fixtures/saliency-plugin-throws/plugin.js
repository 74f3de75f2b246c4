throw new Error('boom: this plugin cannot be imported');
