/** SGR state, as a canonical parameter list ('' for none), interpreting what chalk writes. */
export class Style {
	bold = false;
	dim = false;
	italic = false;
	underline = false;
	inverse = false;
	strike = false;
	fg = '';
	bg = '';
	#key: string | undefined = '';

	/** False for a parameter it does not know. */
	apply(params: string): boolean {
		const list = params === '' ? ['0'] : params.split(';');
		this.#key = undefined;
		for (let i = 0; i < list.length; i++) {
			const p = Number(list[i]);
			if (p === 0) {
				this.bold = this.dim = this.italic = this.underline = this.inverse = this.strike = false;
				this.fg = this.bg = '';
			} else if (p === 1) this.bold = true;
			else if (p === 2) this.dim = true;
			else if (p === 3) this.italic = true;
			else if (p === 4) this.underline = true;
			else if (p === 7) this.inverse = true;
			else if (p === 9) this.strike = true;
			else if (p === 22) this.bold = this.dim = false;
			else if (p === 23) this.italic = false;
			else if (p === 24) this.underline = false;
			else if (p === 27) this.inverse = false;
			else if (p === 29) this.strike = false;
			else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) this.fg = String(p);
			else if (p === 39) this.fg = '';
			else if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107)) this.bg = String(p);
			else if (p === 49) this.bg = '';
			else if (p === 38 || p === 48) {
				const mode = list[i + 1];
				const take = mode === '5' ? 2 : mode === '2' ? 4 : -1;
				if (take < 0 || i + take >= list.length) return false;
				const value = list.slice(i, i + take + 1).join(';');
				if (p === 38) this.fg = value;
				else this.bg = value;
				i += take;
			} else return false;
		}
		return true;
	}

	get key(): string {
		this.#key ??= [
			this.bold ? '1' : '',
			this.dim ? '2' : '',
			this.italic ? '3' : '',
			this.underline ? '4' : '',
			this.inverse ? '7' : '',
			this.strike ? '9' : '',
			this.fg,
			this.bg,
		]
			.filter((part) => part !== '')
			.join(';');
		return this.#key;
	}
}
